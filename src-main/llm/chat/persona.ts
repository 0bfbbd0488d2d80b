import { DEFAULT_PERSONA, Persona } from '../../../src-shared/domain/chat.js';
import type { ChatRepo } from '../../store/index.js';
import type { Sealer } from './sealed.js';

const KIND = 'chat.persona';
const KEY = 'persona';

/** The agent's persona, edited by the user and sealed at rest; the default until they change it. */
export class PersonaStore {
  constructor(
    private readonly repo: ChatRepo,
    private readonly sealer: Sealer,
  ) {}

  get(): Persona {
    const body = this.repo.record(KEY);
    if (!body) {
      // Reading the default must still need the vault, like every other chat read.
      this.sealer.seal(KIND, KEY, null);
      return { ...DEFAULT_PERSONA };
    }
    return this.sealer.open(KIND, KEY, body, Persona);
  }

  set(persona: Persona): Persona {
    const value = Persona.parse(persona);
    this.repo.putRecord(KEY, this.sealer.seal(KIND, KEY, value));
    return value;
  }
}
