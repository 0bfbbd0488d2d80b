/** The model side of createChat for tests whose provider is scripted: the engine is never reached. */
export const noEngine = {
  engine: (): never => {
    throw new Error('unused: the provider is scripted');
  },
  loaded: () => null,
  use: async () => {},
};
