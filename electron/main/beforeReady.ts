import { app, protocol } from 'electron';
import { appSchemePrivileges } from './appProtocol.js';

/**
 * Set-up that Electron accepts only before the app is ready. The main entry is an ES module, which
 * loads asynchronously: only the side effects of its imports are sure to run before `ready`, so
 * these calls live here, imported by main.ts, rather than in main.ts itself.
 */
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

// Every renderer runs in Chromium's sandbox, whatever its own options say.
app.enableSandbox();
