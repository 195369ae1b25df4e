import { loadJsonBatch } from '../ingest/jsonBatch.js';
import { objectCheck } from '../ingest/salvage.js';
import { azureLayoutOf, azureLayouts } from './azureJson.js';
import { insertEntraSigninEventsSql, insertEntraSigninLinksSql } from './entraSigninSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * Entra ID sign-in logs of users, service principals and managed identities: diagnostic-setting
 * records (`category: "ServicePrincipalSignInLogs"`..., the sign-in under `properties`), Microsoft
 * Graph signIn objects, and Log Analytics / Sentinel table exports (`AADServicePrincipalSignInLogs`,
 * `AADManagedIdentitySignInLogs`, `SigninLogs`) with flattened PascalCase columns; one a line, in
 * an array, or in `{"records": [...]}`. See docs/sources/entra.md.
 */

export const entraSignin: SourceModule = { id: 'entra.signin', detect, load };

const signinTable =
  /"(category|Type)"\s*:\s*"(AAD)?(ServicePrincipal|ManagedIdentity|NonInteractiveUser)?Sign[Ii]nLogs"/;
const tokenField = /"(uniqueTokenIdentifier|UniqueTokenIdentifier)"\s*:/;
const signinField =
  /"(servicePrincipalCredentialKeyId|ServicePrincipalCredentialKeyId|createdDateTime)"\s*:/;

function detect(head: FileHead): Detection | null {
  const layout = azureLayoutOf(head.text);
  if (!layout) return null;

  const text = head.text;
  if (signinTable.test(text)) return { layout };
  if (tokenField.test(text) && signinField.test(text) && !/"initiatedBy"/i.test(text)) {
    return { layout };
  }
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = azureLayouts[ctx.layout];
  if (!container) {
    throw new Error(`Failed to load Entra sign-in files: unknown layout ${ctx.layout}`);
  }
  return loadJsonBatch(ctx, {
    container,
    check: objectCheck,
    insertEvents: insertEntraSigninEventsSql,
    insertLinks: insertEntraSigninLinksSql,
  });
}
