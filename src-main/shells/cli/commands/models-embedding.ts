import { type Command, Option } from 'commander';
import type { ModelPurpose } from '../../../../src-shared/domain/models.js';
import { ModelId } from '../../../../src-shared/domain/models.js';
import type { RetrievalStatus } from '../../../../src-shared/domain/retrieval.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';
import { withConnection } from './vault-session.js';

/** How retrieval ranks now, in one line. */
export function retrievalLine(id: string | null, r: RetrievalStatus): string {
  const model = id ? `Embedding model: ${id}.` : 'No embedding model: retrieval ranks by full text only.';
  if (r.state === 'locked') return `${model} The vault is locked; nothing is indexed.`;
  const mode = r.mode === 'hybrid' ? 'hybrid (full text + embeddings)' : 'full text';
  const embedded = id ? `, ${r.embedded} of ${r.chunks} passages embedded` : '';
  return `${model} Retrieval: ${mode}, ${r.items} items, ${r.chunks} passages${embedded}${r.state === 'indexing' ? ' (indexing)' : ''}.`;
}

/** The `--purpose` option of `models import`. */
export const purposeOption = new Option(
  '--purpose <purpose>',
  'chat or embedding, for a file whose header does not say (default chat)',
).choices(['chat', 'embedding']);

/** A model's state in `models list`, marked when it is an embedding model. */
export function purposeText(m: { purpose: ModelPurpose; embedding: boolean }): string {
  if (m.purpose !== 'embedding') return '';
  return m.embedding ? ' (embedding, in use)' : ' (embedding)';
}

/** `sahel models use-embedding <id|none>` and `sahel models embedding`. */
export function registerEmbeddingCommands(models: Command, ctx: () => CliContext): void {
  models
    .command('use-embedding')
    .description('choose the embedding model retrieval uses, or none (full-text ranking only)')
    .argument('<id>', 'an installed embedding model, or none')
    .action((id: string) => {
      const choice = id === 'none' ? null : id;
      if (choice !== null && !ModelId.safeParse(choice).success)
        throw new UsageError(`${JSON.stringify(id)} is not a model id (or none)`);
      return withConnection(ctx(), async ({ client }) => {
        const res = await client.models.setEmbedding({ id: choice });
        ctx().out.result(retrievalLine(res.id, res.retrieval), res);
      });
    });
  models
    .command('embedding')
    .description('the embedding model in use and how retrieval ranks')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const res = await client.models.embedding({});
        ctx().out.result(retrievalLine(res.id, res.retrieval), res);
      }),
    );
}
