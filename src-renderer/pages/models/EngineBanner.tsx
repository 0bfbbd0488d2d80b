import { Button } from '../../components/Button.js';
import { useModels } from '../../state/models.js';

/** Which model the engine holds, or what it is doing instead. */
export function EngineBanner() {
  const engine = useModels((s) => s.engine);
  const unload = useModels((s) => s.unload);
  const busy = useModels((s) => s.busy.unload === true);
  if (!engine) return null;
  const { state, model } = engine;
  return (
    <section className="models-engine" data-state={state} aria-live="polite" data-testid="engine">
      {state === 'ready' && model ? (
        <>
          <span>
            <strong>Loaded: {model.name}</strong>
            <span className="muted">
              {' '}
              · {model.gpuLayers > 0 ? `${model.gpuLayers} layers on the GPU` : 'on the CPU'} · context{' '}
              {model.contextSize.toLocaleString()} tokens · {model.threads} threads
            </span>
          </span>
          <Button disabled={busy} onClick={() => void unload()}>
            Unload
          </Button>
        </>
      ) : state === 'loading' ? (
        <span>Loading {engine.loading}…</span>
      ) : state === 'crashed' ? (
        <span role="alert">
          The model engine stopped ({engine.error}). {model?.name} is loaded again with the next request.
        </span>
      ) : state === 'failed' ? (
        <span role="alert">Loading failed: {engine.error}</span>
      ) : (
        <span className="muted">No model loaded. Choose one below and press Load.</span>
      )}
      {engine.gpuFallback && (
        <span role="alert" data-testid="gpu-fallback">
          A GPU backend failed: {engine.gpuFallback}. Until Sahel restarts the model runs on{' '}
          {engine.backend === 'vulkan'
            ? 'the GPU through Vulkan'
            : engine.backend === 'cpu'
              ? 'the CPU'
              : 'another backend'}
          .
        </span>
      )}
    </section>
  );
}
