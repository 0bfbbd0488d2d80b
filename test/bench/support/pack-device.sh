#!/usr/bin/env bash
# Packs the API token benchmark (test/bench/api-tokens.bench.ts) for the device machine, which has no
# Node and no network: Node itself, node-llama-cpp with its CPU backend, better-sqlite3, `sahel` bundled
# (everything but the native modules) from this working tree, and the tiny model, into dist/bench-device
# (git-ignored; ~37 MiB, under the 64 MiB a device run may carry). There, from the repository root:
#   bash dist/bench-device/run.sh --tokens 256 --runs 9
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=dist/bench-device stage=$(mktemp -d)
rm -rf "$out" && mkdir -p "$out"
ext=(--bundle --platform=node --format=esm --log-level=warning --external:node-llama-cpp --external:better-sqlite3
  --external:electron "--banner:js=import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);")
npx esbuild src-main/shells/cli/entry.ts "${ext[@]}" --outfile="$stage/dist/main/cli.mjs"
npx esbuild src-main/llm/engine/child/engine-process.ts "${ext[@]}" --outfile="$stage/dist/main/llm-engine.mjs"
npx esbuild src-main/vault/worker/crypto-worker.ts "${ext[@]}" --outfile="$stage/dist/main/workers/vault-crypto.mjs"
# Two levels below the root, so the bench's ROOT (test/support/sahel-process.ts) is the root there too.
npx esbuild test/bench/api-tokens.bench.ts "${ext[@]}" --outfile="$stage/dist/bench/api-tokens.bench.mjs"
cp -r bin package.json resources "$stage/"
tar -C "$stage" -cf - . | xz -T0 -6 >"$out/app.tar.xz"
rm -rf "$stage"
tar -cf - --exclude=node_modules/node-llama-cpp/llama/gitRelease.bundle --exclude=node_modules/better-sqlite3/deps \
  --exclude=node_modules/better-sqlite3/src $(node scripts/node-llama-cpp-closure.mjs) node_modules/@node-llama-cpp/linux-x64 \
  node_modules/better-sqlite3 node_modules/bindings node_modules/file-uri-to-path | xz -T0 -6 >"$out/modules.tar.xz"
xz -T0 -6 -c "$(command -v node)" >"$out/node.xz"
cp ../shared/models/llama-2-tiny-random.gguf "$out/model.gguf"
cat >"$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Unpacks into /tmp/sahel-bench and runs the API token benchmark there (arguments go to the bench).
set -euo pipefail
p="$(cd "$(dirname "$0")" && pwd)" r=/tmp/sahel-bench
rm -rf "$r" && mkdir -p "$r/bin-node"
xz -dc "$p/node.xz" >"$r/bin-node/node" && chmod +x "$r/bin-node/node"
(cd "$r" && xz -dc "$p/modules.tar.xz" | tar -x && xz -dc "$p/app.tar.xz" | tar -x)
export PATH="$r/bin-node:$PATH"
echo "cores: $(nproc); $(uptime)"
cd "$r" && SAHEL_BENCH_MODEL="$p/model.gguf" node dist/bench/api-tokens.bench.mjs "$@"
RUN
chmod +x "$out/run.sh"
du -sh "$out"
