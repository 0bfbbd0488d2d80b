import { formatSize } from '../../components/format.js';
import { useModels } from '../../state/models.js';

const BACKENDS = { cuda: 'NVIDIA CUDA', vulkan: 'Vulkan', metal: 'Apple Metal', cpu: 'CPU only' } as const;

/** What this machine offers a model: the backend llama.cpp uses, GPU memory, RAM and cores. */
export function HardwarePanel() {
  const hw = useModels((s) => s.hardware);
  const error = useModels((s) => s.hardwareError);
  return (
    <section className="models-section" aria-labelledby="models-hw-title">
      <h2 id="models-hw-title" className="models-section-title">
        This machine
      </h2>
      {error ? (
        <p className="inline-error" role="alert">
          Could not detect the hardware: {error}
        </p>
      ) : !hw ? (
        <p className="muted">Detecting the hardware…</p>
      ) : (
        <dl className="models-hw" data-testid="hardware">
          <div>
            <dt>Backend</dt>
            <dd>{BACKENDS[hw.backend]}</dd>
          </div>
          <div>
            <dt>GPU</dt>
            <dd>
              {hw.gpuNames.length ? hw.gpuNames.join(', ') : 'None used'}
              {hw.vram.total > 0 &&
                ` · ${formatSize(hw.vram.free)} free of ${formatSize(hw.vram.total)} VRAM`}
            </dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>
              {formatSize(hw.ram.total)} RAM ({formatSize(hw.ram.free)} free)
            </dd>
          </div>
          <div>
            <dt>CPU</dt>
            <dd>
              {hw.cpuThreads} threads; {hw.cpuMathCores} used for inference
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
