import { type EventName, type EventPayload, events } from '../../src-shared/api/events.js';

type Listener = (payload: unknown) => void;

/** Typed publish/subscribe for the events of the contract; transports subscribe on their clients' behalf. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener>>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    // Checked like a procedure result: an event that breaks its schema is a bug, caught here.
    const checked = events[name].parse(payload);
    for (const l of this.listeners.get(name) ?? []) {
      try {
        l(checked);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const l = listener as Listener;
    set.add(l);
    return () => set.delete(l);
  }
}
