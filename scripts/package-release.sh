#!/usr/bin/env bash
# Assembles the release folder from what `make release` built: the Lambda packages named by
# their content (the S3 key changes whenever the code does, so CloudFormation updates the
# function, as `aws cloudformation package` arranges), the CLI, SHA256SUMS, a manifest, and
# every file docs/deploy.md names. Usage: package-release.sh <release-dir> <cargo-target-dir> <version>
set -euo pipefail

release_dir=$1
target_dir=$2
version=$3

rm -rf "$release_dir"
mkdir -p "$release_dir"

artifacts=()
for arch in arm64 x86_64; do
  zip="$target_dir/lambda/$arch/bootstrap/bootstrap.zip"
  [[ -f "$zip" ]] || { echo "package-release: missing $zip" >&2; exit 1; }
  sum=$(sha256sum "$zip" | cut -d' ' -f1)
  name="bootstrap-$arch-$sum.zip"
  cp "$zip" "$release_dir/$name"
  artifacts+=("{\"file\": \"$name\", \"architecture\": \"$arch\", \"sha256\": \"$sum\", \"code_key\": \"autotag/$name\"}")
done

cli="$target_dir/x86_64-unknown-linux-gnu/release/autotag"
[[ -f "$cli" ]] || { echo "package-release: missing the autotag CLI" >&2; exit 1; }
install -m 0755 "$cli" "$release_dir/autotag"
artifacts+=("{\"file\": \"autotag\", \"architecture\": \"x86_64\", \"sha256\": \"$(sha256sum "$release_dir/autotag" | cut -d' ' -f1)\"}")

# The deployment files, as `autotag render` committed them, and the guides.
for path in spoke-roles stacksets scp sam terraform; do
  [[ -d "$path" ]] && cp -R "$path" "$release_dir/"
done
cp -R docs "$release_dir/"
# The event docs/deploy.md checks the config and the function with.
fixture=core/tests/fixtures/ec2/CreateVolume-invictus-aws_dataset-1.json
mkdir -p "$release_dir/$(dirname "$fixture")"
cp "$fixture" "$release_dir/$fixture"

(cd "$release_dir" && find . -type f ! -name SHA256SUMS ! -name manifest.json -print0 \
  | sort -z | xargs -0 sha256sum > SHA256SUMS)

{
  echo "{"
  echo "  \"version\": \"$version\","
  echo "  \"commit\": \"$(git rev-parse HEAD 2>/dev/null || echo unknown)\","
  echo "  \"artifacts\": ["
  for i in "${!artifacts[@]}"; do
    sep=","; [[ $i -eq $((${#artifacts[@]} - 1)) ]] && sep=""
    echo "    ${artifacts[$i]}$sep"
  done
  echo "  ]"
  echo "}"
} > "$release_dir/manifest.json"

echo "release folder: $release_dir"
cat "$release_dir/manifest.json"
