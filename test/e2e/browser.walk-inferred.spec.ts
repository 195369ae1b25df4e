import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, serverEnv, serverUrl } from './support/paths.js';

const bundle = join(repoRoot, 'samples/multi-source');
const shot = (name: string) => join(repoRoot, 'test-results', 'screens', `inferred-${name}`);

// From samples/multi-source/EXPECTED.md: K1 is deploy-bot's key AKIAQ3EGRB5YK7DW2MNP. It was
// used from the agent's pod 21 s after a Vault read there, and no identifier joins the two, so
// the link into K1 from that side is inferred; its own calls are exact links leaving it.
const k1 = 'aws:key:AKIAQ3EGRB5YK7DW2MNP';

test('exact and inferred links are drawn differently, and an inferred one says why', async ({
  page,
}) => {
  const caseDir = process.env[serverEnv.caseDir];
  test.skip(!caseDir || !existsSync(bundle), 'needs the served case folder and the sample');

  await page.goto(serverUrl());
  await page.getByTestId('case-path-input').fill(join(caseDir!, 'inferred.keytrail.duckdb'));
  await page.getByTestId('open-case').click();
  await expect(page.getByTestId('case-path')).toContainText('inferred.keytrail.duckdb');
  await page.getByTestId('evidence-path-input').fill(bundle);
  await page.getByTestId('add-evidence').click();
  await expect(page.getByTestId('evidence-row').first()).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('inventory-search').fill('AKIAQ3EGRB5YK7DW2MNP');
  await page.locator(`[data-testid="inventory-item"][data-node-id="${k1}"]`).click();
  await expect(page.locator(`[data-testid="graph-node"][data-node-id="${k1}"]`)).toBeVisible();

  const inferred = page.locator(`.react-flow__edge[data-proof="inferred"][data-to="${k1}"]`);
  await expect(inferred.first()).toBeVisible();
  await expect(
    page.locator(`.react-flow__edge[data-proof="exact"][data-from="${k1}"]`).first(),
  ).toBeVisible();
  // The inferred line is dashed, the exact one solid.
  await expect(inferred.first().locator('path').first()).toHaveAttribute(
    'style',
    /stroke-dasharray: 6(px)?,? 4/,
  );
  await page.screenshot({ path: shot('01-graph.png') });

  // The link may run off the top of the canvas: the click goes to the edge itself.
  await inferred.first().dispatchEvent('click');
  await expect(page.getByTestId('link-proof')).toContainText('inferred, score');
  await page.screenshot({ path: shot('02-inferred-link.png') });
});
