#!/usr/bin/env node
// Type-checks the Block Kit JSON that mentorbot's Go tests record
// (blockcheck.Record, $MENTORBOT_BLOCKKIT_DIR) against Slack's own TypeScript
// definitions in @slack/types, with tsc --strict.
//
//   node .ci/blockkit/check.mjs DIR
//
// Every DIR/*.json must be named <kind>-<name>.json, kind being message, modal
// or home. Each becomes a .ts file that assigns the JSON to a typed constant;
// tsc then reports any field, type or value Slack's types do not allow
// (a button whose text is mrkdwn, an unknown block type, a misspelt field).
// Exits non-zero on any type error, on a sample it cannot read, and when DIR
// holds no samples at all, so a broken pipeline cannot pass silently.
// Needs only Node.js and this folder's node_modules (npm ci).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// The declared types. Views list KnownBlock[] rather than @slack/types'
// AnyBlock[], whose catch-all Block interface would accept any block type.
// A message is Slack's text + blocks; other top-level fields (response_type,
// replace_original, channel, ...) are not Block Kit and are let through.
const header = `import type { HomeView, KnownBlock, ModalView } from "@slack/types";

type Modal = Omit<ModalView, "blocks"> & { blocks: KnownBlock[] };
type Home = Omit<HomeView, "blocks"> & { blocks: KnownBlock[] };
type Message = (
  | { text: string; blocks?: KnownBlock[] | null }
  | { text?: string; blocks: KnownBlock[] }
) & { [field: string]: unknown };
export type { Home, Message, Modal };

`;
const headerLines = header.split("\n").length - 1;

const kinds = { message: "Message", modal: "Modal", home: "Home" };

function main(argv) {
  const dir = argv[2];
  if (!dir || argv.length > 3) {
    console.error("usage: node check.mjs DIR   (DIR holds <message|modal|home>-<name>.json samples)");
    return 2;
  }
  if (!existsSync(dir)) {
    console.error(`blockkit: ${dir} does not exist`);
    return 1;
  }
  const samples = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  if (samples.length === 0) {
    console.error(`blockkit: no *.json samples in ${dir}; did the Go tests run with MENTORBOT_BLOCKKIT_DIR set?`);
    return 1;
  }
  const tsc = path.join(here, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(path.join(here, "node_modules", "@slack", "types")) || !existsSync(tsc)) {
    console.error(`blockkit: dependencies missing; run npm ci in ${here}`);
    return 1;
  }

  const failed = new Map(); // sample -> messages
  const fail = (sample, msg) => failed.set(sample, [...(failed.get(sample) ?? []), msg]);

  // The work folder sits inside .ci/blockkit so "@slack/types" resolves to
  // this folder's node_modules.
  const work = mkdtempSync(path.join(here, ".samples-"));
  try {
    const sources = new Map(); // .ts name -> { sample, lines }
    for (const sample of samples) {
      const kind = sample.slice(0, sample.indexOf("-"));
      const type = kinds[kind];
      if (!type) {
        fail(sample, `name must start with message-, modal- or home-`);
        continue;
      }
      let value;
      try {
        value = JSON.parse(readFileSync(path.join(dir, sample), "utf8"));
      } catch (err) {
        fail(sample, `invalid JSON: ${err.message}`);
        continue;
      }
      const declared = kind === "message" && Array.isArray(value) ? "KnownBlock[]" : type;
      const body = `const sample: ${declared} = ${JSON.stringify(value, null, 2)};\nexport default sample;\n`;
      const ts = sample.replace(/\.json$/, ".ts");
      writeFileSync(path.join(work, ts), header + body);
      sources.set(ts, { sample, lines: body.split("\n") });
    }

    if (sources.size > 0) {
      writeFileSync(
        path.join(work, "tsconfig.json"),
        JSON.stringify({ extends: "../tsconfig.json", files: [...sources.keys()] }, null, 2),
      );
      const run = spawnSync(
        process.execPath,
        [tsc, "-p", "tsconfig.json", "--strict", "--noEmit", "--pretty", "false"],
        { cwd: work, encoding: "utf8" },
      );
      if (run.error) {
        console.error(`blockkit: cannot run tsc: ${run.error.message}`);
        return 1;
      }
      const output = `${run.stdout}${run.stderr}`;
      let current = null;
      let unattributed = [];
      for (const line of output.split("\n")) {
        const m = /^(.+?\.ts)\((\d+),(\d+)\): (error .*)$/.exec(line);
        if (m && sources.has(path.basename(m[1]))) {
          const src = sources.get(path.basename(m[1]));
          const at = Number(m[2]) - headerLines;
          const code = at >= 1 ? (src.lines[at - 1] ?? "").trim() : "(type declarations)";
          current = src.sample;
          fail(current, `line ${at}: ${code}\n      ${m[4]}`);
        } else if (line.startsWith(" ") && current) {
          fail(current, `      ${line.trim()}`);
        } else if (line.trim() !== "") {
          current = null;
          unattributed.push(line);
        }
      }
      if (run.status !== 0 && failed.size === 0) {
        unattributed = unattributed.length ? unattributed : [`tsc exited with ${run.status}`];
      }
      if (unattributed.length > 0) {
        console.error(`blockkit: tsc reported problems outside the samples:\n${unattributed.join("\n")}`);
        return 1;
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  for (const sample of samples) {
    const msgs = failed.get(sample);
    if (msgs) {
      console.log(`FAIL ${sample}`);
      for (const msg of msgs) console.log(`    ${msg}`);
    }
  }
  const nFailed = failed.size;
  console.log(`blockkit: ${samples.length - nFailed} passed, ${nFailed} failed`);
  return nFailed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv);
