#!/usr/bin/env bash
# Packs the CUDA check (test/device/cuda-check.ts) for a GPU machine that has no Node and no network:
# Node itself, node-llama-cpp with its dependencies and its CUDA and Vulkan prebuilts, the bundled check, and the tiny
# test model, into .gpu/ (git-ignored), the CUDA part split so that no transfer exceeds ~60 MiB.
# On the GPU machine: scripts/run-cuda-check.sh, after all parts arrived.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu
rm -rf "$out"/p1 "$out"/p2 "$out"/p3 && mkdir -p "$out"/p1 "$out"/p2 "$out"/p3/app
node scripts/node-llama-cpp-closure.mjs >"$out"/closure.txt
tar -cf - --exclude='node_modules/node-llama-cpp/llama/gitRelease.bundle' \
  $(cat "$out"/closure.txt) node_modules/@node-llama-cpp/linux-x64 | xz -T0 -6 >"$out"/p3/nlc.tar.xz
xz -T0 -6 -c "$(command -v node)" >"$out"/p3/node.xz
tar -cf - node_modules/@node-llama-cpp/linux-x64-vulkan | xz -T0 -6 >"$out"/p3/vulkan.tar.xz
tar -cf - node_modules/@node-llama-cpp/linux-x64-cuda | xz -T0 -1 >"$out"/cuda.tar.xz
split -b 58M -d "$out"/cuda.tar.xz "$out"/cuda.part.
mv "$out"/cuda.part.00 "$out"/p1/ && mv "$out"/cuda.part.01 "$out"/p2/ && mv "$out"/cuda.part.0* "$out"/p3/
rm "$out"/cuda.tar.xz
for entry in test/device/cuda-check.ts src-main/llm/engine/child/engine-process.ts; do
  npx esbuild "$entry" --bundle --platform=node --format=esm --external:node-llama-cpp \
    --banner:js="import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" \
    --outfile="$out/p3/app/$(basename "${entry%.ts}").mjs" --log-level=warning
done
mv "$out"/p3/app/engine-process.mjs "$out"/p3/app/llm-engine.mjs
cp ../shared/models/llama-2-tiny-random.gguf "$out"/p3/model.gguf
cp scripts/run-cuda-check.sh "$out"/p3/
du -sh "$out"/p1 "$out"/p2 "$out"/p3
