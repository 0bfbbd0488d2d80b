import { describe, expect, it } from 'vitest';
import { purposeFromArchitecture, purposeFromGguf } from '../../../../src-main/llm/models/purpose.js';
import { openDatabase } from '../../../../src-main/store/database.js';
import { ModelRolesRepo } from '../../../../src-main/store/model-roles-repo.js';
import { SettingsRepo } from '../../../../src-main/store/settings-repo.js';

describe('what a model is for', () => {
  it('reads embedding models from the GGUF header: encoder architectures and pooling types', () => {
    expect(purposeFromGguf({ architecture: 'bert', poolingType: 1 })).toBe('embedding');
    expect(purposeFromGguf({ architecture: 'nomic-bert', poolingType: null })).toBe('embedding');
    // Qwen3-Embedding: a decoder architecture, converted with last-token pooling.
    expect(purposeFromGguf({ architecture: 'qwen3', poolingType: 3 })).toBe('embedding');
    // A chat model says nothing (pooling none, or no key): the user decides, chat by default.
    expect(purposeFromGguf({ architecture: 'llama', poolingType: 0 })).toBeUndefined();
    expect(purposeFromGguf({ architecture: 'llama', poolingType: null })).toBeUndefined();
    expect(purposeFromArchitecture('jina-bert-v2')).toBe('embedding');
    expect(purposeFromArchitecture(null)).toBeUndefined();
  });

  it('keeps the embedding choice and purposes in the settings table, apart from the settings API', () => {
    const db = openDatabase(':memory:');
    const roles = new ModelRolesRepo(db);
    const settings = new SettingsRepo(db);
    const before = settings.get();
    expect(roles.embeddingModel()).toBeNull();
    roles.setPurpose('tiny', 'embedding');
    roles.setPurpose('chatty', 'chat');
    roles.setEmbeddingModel('tiny');
    expect(roles.embeddingModel()).toBe('tiny');
    expect(roles.purpose('tiny')).toBe('embedding');
    expect(settings.get()).toEqual(before);
    // Forgetting another model keeps the choice; forgetting the chosen one clears it.
    roles.forget('chatty');
    expect(roles.embeddingModel()).toBe('tiny');
    expect(roles.purpose('chatty')).toBeUndefined();
    roles.forget('tiny');
    expect(roles.embeddingModel()).toBeNull();
    expect(roles.purpose('tiny')).toBeUndefined();
    // A damaged row reads as nothing chosen (full-text retrieval), never as a crash.
    db.prepare("UPDATE settings SET value = '{\"embedding\":5}' WHERE key = 'models.roles'").run();
    expect(roles.embeddingModel()).toBeNull();
    db.close();
  });
});
