import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { onEvent } from '../../../../src-shared/api/client.js';
import type { SahelClient } from '../../../../src-shared/api/contract.js';
import {
  type AdapterChoice,
  type EngineStatus,
  GpuLayersChoice,
  type InstalledModel,
  licenceExpiredLabel,
  ModelId,
  type ModelProgress,
} from '../../../../src-shared/domain/models.js';
import type { Connection } from '../connect.js';
import type { CliContext } from '../context.js';
import { CliError, printable, UsageError } from '../output.js';
import { adaptersText, collectAdapter, registerAdaptersCommand } from './models-adapters.js';
import { purposeOption, purposeText, registerEmbeddingCommands } from './models-embedding.js';
import { SUMMARY } from './summaries.js';
import { formatSize, table } from './vault-format.js';
import { withConnection } from './vault-session.js';

function checkModelId(id: string): string {
  if (!ModelId.safeParse(id).success) throw new UsageError(`${JSON.stringify(id)} is not a model id`);
  return id;
}

function stateText(m: InstalledModel): string {
  if (m.loaded) return 'loaded';
  if (m.licenceExpired) return licenceExpiredLabel(m.licenceExpired);
  if (m.state === 'downloading' || m.state === 'paused') {
    const pct = m.sizeBytes ? ` ${Math.floor((m.bytes / m.sizeBytes) * 100)}%` : '';
    return `${m.state}${pct}`;
  }
  return m.state;
}

export function modelTable(models: readonly InstalledModel[]): string {
  if (models.length === 0)
    return 'No models yet: sahel models pull <catalog id | hf:owner/repo/file.gguf | URL>';
  return table(
    ['ID', 'STATE', 'SIZE', 'SOURCE', 'NAME'],
    models.map((m) => [
      m.id,
      `${stateText(m)}${purposeText(m)}`,
      formatSize(m.sizeBytes ?? m.bytes),
      m.source,
      m.name.replace(/\p{Cc}/gu, ' '),
    ]),
  );
}

function progressLine(p: ModelProgress): string {
  const pct = p.total ? `${Math.floor((p.bytes / p.total) * 100)}%` : formatSize(p.bytes);
  const eta = p.eta === null ? '' : `, ${Math.ceil(p.eta)} s left`;
  return `${p.id}: ${pct} of ${p.total ? formatSize(p.total) : '?'} at ${formatSize(p.speed)}/s${eta}`;
}

/** `sahel models list`: installed models and downloads, and which one is loaded. */
async function listCommand(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const { models } = await client.models.list({});
    ctx.out.result(modelTable(models), { models });
  });
}

/** `sahel models catalog`: the recommended models and whether each fits this machine. */
async function catalogCommand(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const { models } = await client.models.catalog({});
    const rows = models.map((m) => [m.id, formatSize(m.sizeBytes), m.fit.verdict, m.licence, m.name]);
    ctx.out.result(table(['ID', 'SIZE', 'FIT', 'LICENCE', 'NAME'], rows), { models });
  });
}

/** Waits for a download to end in 'ready' or 'failed' (or 'paused' by someone else), showing progress. */
async function follow(ctx: CliContext, conn: Connection, id: string): Promise<InstalledModel> {
  const tty = !ctx.out.json && process.stderr.isTTY;
  const width = Math.max(20, (process.stderr.columns || 80) - 1);
  let wake: (() => void) | undefined;
  const off = onEvent(conn.transport, 'models.progress', (p) => {
    if (p.id !== id) return;
    if (tty && p.state === 'downloading')
      process.stderr.write(`\r${printable(progressLine(p)).slice(0, width).padEnd(width)}`);
    wake?.();
  });
  try {
    for (;;) {
      const m = (await conn.client.models.list({})).models.find((x) => x.id === id);
      if (!m) throw new CliError(`The download of ${id} was cancelled`);
      if (m.state !== 'downloading') return m;
      // Events wake this early; the timer covers events lost on the way.
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 1000).unref();
      });
    }
  } finally {
    off();
    if (tty) process.stderr.write(`\r${' '.repeat(width)}\r`);
  }
}

/** `sahel models pull <catalog id | hf: URI | URL>`: downloads and waits (Ctrl-C leaves a resumable part). */
async function pullCommand(ctx: CliContext, source: string, flags: { detach?: boolean }): Promise<void> {
  await withConnection(ctx, async (conn) => {
    // A bare id is a catalog id; hf: URIs and URLs always hold a colon.
    const input = ModelId.safeParse(source).success ? { catalogId: source } : { uri: source };
    const started = await conn.client.models.pull(input);
    if (flags.detach && !conn.local) {
      ctx.out.result(`Downloading ${started.name} as ${started.id} in the running Sahel.`, started);
      return;
    }
    const done = await follow(ctx, conn, started.id);
    if (done.state === 'failed') throw new CliError(`${done.name}: ${done.error ?? 'the download failed'}`);
    if (done.state !== 'ready') throw new CliError(`${done.name} is ${done.state}`);
    ctx.out.result(
      `Downloaded ${done.name} (${formatSize(done.bytes)}) as ${done.id}; sha256 ${done.sha256}`,
      done,
    );
  });
}

async function importCommand(
  ctx: CliContext,
  path: string,
  flags: { purpose?: 'chat' | 'embedding' },
): Promise<void> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new CliError(`No such file: ${absolute}`);
  await withConnection(ctx, async ({ client }) => {
    const m = await client.models.import({
      path: absolute,
      ...(flags.purpose ? { purpose: flags.purpose } : {}),
    });
    ctx.out.result(
      `Imported ${m.name} as ${m.id} (${formatSize(m.bytes)}, ${m.architecture ?? 'unknown architecture'}, ${m.purpose} model).`,
      m,
    );
  });
}

async function rmCommand(ctx: CliContext, id: string): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const m = (await client.models.list({})).models.find((x) => x.id === checkModelId(id));
    if (!m) throw new CliError(`No model ${id}`);
    await client.models.remove({ id });
    const what = m.owned ? 'Removed it and deleted its file' : `Forgot it; the file stays at ${m.path}`;
    ctx.out.result(`${what}.`, { id, deletedFile: m.owned });
  });
}

function engineLine(s: EngineStatus): string {
  if (!s.model) return `No model loaded (${s.state}${s.error ? `: ${s.error}` : ''}).`;
  const m = s.model;
  return `Loaded ${m.name} (${m.id}): ${m.gpuLayers} GPU layers, context ${m.contextSize}, ${m.threads} threads, ${s.backend ?? '?'} backend.${adaptersText(s)}`;
}

async function useCommand(
  ctx: CliContext,
  id: string,
  flags: { gpuLayers?: string; context?: string; threads?: string; adapter?: AdapterChoice[] },
): Promise<void> {
  const gpu =
    flags.gpuLayers === undefined
      ? undefined
      : GpuLayersChoice.safeParse(/^\d+$/.test(flags.gpuLayers) ? Number(flags.gpuLayers) : flags.gpuLayers);
  if (gpu && !gpu.success) throw new UsageError('--gpu-layers takes a number, auto or max');
  const contextSize = flags.context === undefined ? undefined : Number(flags.context);
  if (contextSize !== undefined && !Number.isInteger(contextSize))
    throw new UsageError('--context takes a number');
  const threads = flags.threads === undefined ? undefined : Number(flags.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 512))
    throw new UsageError('--threads takes a number from 1 to 512');
  await withConnection(ctx, async (conn) => {
    const status = await conn.client.models.use({
      id: checkModelId(id),
      ...(gpu?.success ? { gpuLayers: gpu.data } : {}),
      ...(contextSize === undefined ? {} : { contextSize }),
      ...(threads === undefined ? {} : { threads }),
      ...(flags.adapter?.length ? { adapters: flags.adapter } : {}),
    });
    if (conn.local) {
      ctx.out.note(
        'Sahel is not running, so nothing keeps the model loaded: it loaded fine and is unloaded again.',
      );
      ctx.out.note('Start `sahel serve` or the app, then run this again to keep it loaded.');
    }
    ctx.out.result(engineLine(status), status);
  });
}

async function simple(ctx: CliContext, fn: (c: SahelClient) => Promise<EngineStatus>): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const s = await fn(client);
    ctx.out.result(engineLine(s), s);
  });
}

async function hardwareCommand(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const hw = await client.models.hardware({});
    const gpu = hw.gpuNames.length ? hw.gpuNames.join(', ') : 'none';
    const lines = [
      `Backend: ${hw.backend}`,
      `GPU:     ${gpu}${hw.vram.total ? ` (${formatSize(hw.vram.free)} free of ${formatSize(hw.vram.total)})` : ''}`,
      `RAM:     ${formatSize(hw.ram.free)} free of ${formatSize(hw.ram.total)}`,
      `CPU:     ${hw.cpuThreads} threads, ${hw.cpuMathCores} used for inference`,
    ];
    ctx.out.result(lines.join('\n'), hw);
  });
}

/** `sahel models …`: the local models, talking to the running Sahel or opening the data dir. */
export function registerModelsCommands(program: Command, ctx: () => CliContext): void {
  const models = program.command('models').description(SUMMARY.models);
  models
    .command('list')
    .description('installed models and downloads')
    .action(() => listCommand(ctx()));
  models
    .command('catalog')
    .description('recommended models and whether they fit here')
    .action(() => catalogCommand(ctx()));
  models
    .command('pull')
    .description('download a catalog model, an hf:owner/repo/file.gguf or an http(s) URL of a GGUF')
    .argument('<source>', 'catalog id, hf: URI or URL')
    .option('--detach', 'with Sahel running, start the download there and return')
    .action((source: string, flags) => pullCommand(ctx(), source, flags));
  models
    .command('import')
    .description('add a GGUF file from this machine (it stays where it is)')
    .argument('<path>', 'the .gguf file')
    .addOption(purposeOption)
    .action((path: string, flags) => importCommand(ctx(), path, flags));
  models
    .command('rm')
    .description('remove a model (deletes the file only if Sahel downloaded it)')
    .argument('<id>', 'the model id')
    .action((id: string) => rmCommand(ctx(), id));
  models
    .command('use')
    .description('load a model into the running Sahel')
    .argument('<id>', 'the model id')
    .addOption(new Option('--gpu-layers <n>', 'layers on the GPU: a number, auto (default) or max'))
    .addOption(
      new Option('--context <tokens>', 'context size (default 8192, at most what the model was trained on)'),
    )
    .addOption(
      new Option(
        '--threads <n>',
        'CPU threads for llama.cpp (default: every core up to 4, a quarter fewer above)',
      ),
    )
    .addOption(
      new Option(
        '--adapter <item-id[:scale]>',
        'a LoRA adapter from the (unlocked) vault, scale 0-8 (default 1); repeatable',
      ).argParser(collectAdapter),
    )
    .action((id: string, flags) => useCommand(ctx(), id, flags));
  registerAdaptersCommand(models, ctx);
  registerEmbeddingCommands(models, ctx);
  models
    .command('unload')
    .description('unload the model')
    .action(() => simple(ctx(), (c) => c.models.unload({})));
  models
    .command('status')
    .description('which model is loaded')
    .action(() => simple(ctx(), (c) => c.models.status({})));
  models
    .command('hardware')
    .description('GPU backend, VRAM, RAM and CPU')
    .action(() => hardwareCommand(ctx()));
}
