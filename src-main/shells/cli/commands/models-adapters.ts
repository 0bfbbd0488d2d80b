import type { Command } from 'commander';
import {
  AdapterChoice,
  type EngineStatus,
  type LoraAdapterItem,
  licenceExpiredLabel,
} from '../../../../src-shared/domain/models.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';
import { formatSize, table } from './vault-format.js';
import { withConnection } from './vault-session.js';

/** `--adapter <vault-item-id>[:scale]`, repeatable: commander collects them in order. */
export function collectAdapter(value: string, previous: AdapterChoice[] = []): AdapterChoice[] {
  const at = value.lastIndexOf(':');
  const itemId = at >= 0 ? value.slice(0, at) : value;
  const scaleText = at >= 0 ? value.slice(at + 1).trim() : '1';
  const parsed = AdapterChoice.safeParse({
    itemId,
    scale: scaleText === '' ? Number.NaN : Number(scaleText),
  });
  if (!parsed.success) {
    throw new UsageError(
      `--adapter takes <vault-item-id>[:scale] with a scale from 0 to 8, not ${JSON.stringify(value)}`,
    );
  }
  return [...previous, parsed.data];
}

/** The adapters part of the engine's line, when there are any. */
export function adaptersText(s: EngineStatus): string {
  const a = s.model?.adapters ?? [];
  return a.length === 0 ? '' : ` LoRA: ${a.map((x) => `${x.name} (${x.itemId}) ×${x.scale}`).join(', ')}.`;
}

/** The adapters as `sahel models adapters` shows them; a bought one whose licence ended says so. */
export function adaptersTable(adapters: readonly LoraAdapterItem[]): string {
  if (adapters.length === 0) return 'No LoRA adapters in the vault (mark a file as one in the vault first).';
  const rows = adapters.map((a) => [
    a.itemId,
    a.name.replace(/\p{Cc}/gu, ' '),
    a.model ?? 'any',
    formatSize(a.size),
    a.licenceExpired === null ? 'usable' : licenceExpiredLabel(a.licenceExpired),
  ]);
  return table(['ITEM', 'NAME', 'FOR MODEL', 'SIZE', 'STATE'], rows);
}

/** `sahel models adapters`: vault items marked as LoRA adapters (the vault must be unlocked). */
export function registerAdaptersCommand(models: Command, ctx: () => CliContext): void {
  models
    .command('adapters')
    .description('LoRA adapters in the vault, to apply with `models use <id> --adapter <item-id>`')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const { adapters } = await client.models.adapters({});
        ctx().out.result(adaptersTable(adapters), { adapters });
      }),
    );
}
