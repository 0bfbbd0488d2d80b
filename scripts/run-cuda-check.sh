#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, once .gpu/p1..p3 are there (scripts/pack-cuda-check.sh).
set -euo pipefail
g=/tmp/sahel-gpu && rm -rf "$g" && mkdir -p "$g"
xz -dc .gpu/p3/node.xz >"$g"/node && chmod +x "$g"/node
cat .gpu/p1/cuda.part.* .gpu/p2/cuda.part.* .gpu/p3/cuda.part.* | xz -dc | tar -x -C "$g"
xz -dc .gpu/p3/nlc.tar.xz | tar -x -C "$g"
xz -dc .gpu/p3/vulkan.tar.xz | tar -x -C "$g"
echo "--- Vulkan loader and drivers here:"
(ldconfig -p | grep -i libvulkan; ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>&1) || true
cp -r .gpu/p3/app .gpu/p3/model.gguf "$g"/
libs=$(find /usr/local /opt /usr/lib -name 'libcublas.so.13*' 2>/dev/null | head -1 || true)
export LD_LIBRARY_PATH="${libs:+$(dirname "$libs"):}/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || true
cd "$g"/app
"$g"/node cuda-check.mjs "$g"/model.gguf "${OUT:-/tmp}/cuda-check.json" || {
  echo "--- node-llama-cpp's own view of CUDA:"
  "$g"/node --input-type=module -e "const {getLlama}=await import('node-llama-cpp'); const l=await getLlama({gpu:'cuda',build:'never'}); console.log(l.gpu, await l.getVramState())" 2>&1 | tail -30
  exit 1
}
