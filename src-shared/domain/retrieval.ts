import { z } from 'zod';

/**
 * A piece of a vault item found for a question: what the model is given to answer from, and the
 * citation the UI shows (the item id opens the source). Scores rank passages within one answer only.
 */
export const Passage = z.object({
  itemId: z.string(),
  itemName: z.string(),
  text: z.string(),
  score: z.number(),
});
export type Passage = z.infer<typeof Passage>;

/** Which rankings fed an answer: full text always; embeddings when an embedding model is installed. */
export const RetrievalMode = z.enum(['fulltext', 'hybrid']);
export type RetrievalMode = z.infer<typeof RetrievalMode>;

/** The index behind retrieval, for a status line ("indexing 40 of 120 items", "hybrid"). */
export const RetrievalStatus = z.object({
  state: z.enum(['locked', 'indexing', 'ready']),
  items: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  /** Chunks that have an embedding from the current embedding model. */
  embedded: z.number().int().nonnegative(),
  mode: RetrievalMode,
});
export type RetrievalStatus = z.infer<typeof RetrievalStatus>;
