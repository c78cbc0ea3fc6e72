#!/usr/bin/env node
// Compiles every src/**/*.sol with the pinned solc and writes one
// artifacts/<ContractName>.json per deployable contract. With --check it
// compiles in memory and fails if any committed artifact differs, is missing,
// or is left over, so CI catches sources changed without recompiling.
//
// Each source file is compiled on its own (imports resolved from src/ and
// node_modules/): AST ids, and so storageLayout, then change only when that
// file or its imports change, not whenever another file is added.
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc");

const SOLC_VERSION = "0.8.30";
const ROOT = path.resolve(__dirname, "..");
const SRC = path.join(ROOT, "src");
const ARTIFACTS = path.join(ROOT, "artifacts");
// Sources under this prefix are genesis predeploys, placed by runtime code alone.
const PREDEPLOYS = "src/l2/";

function fail(msg) {
  process.stderr.write(`compile: ${msg}\n`);
  process.exit(1);
}

// Source names are paths relative to contracts/ with forward slashes, e.g.
// "src/l2/PayPIN.sol"; they appear in artifacts as sourceName.
function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.isFile() && entry.name.endsWith(".sol")) out.push(full);
  }
  return out;
}

function sourceName(file) {
  return path.relative(ROOT, file).split(path.sep).join("/");
}

function findImports(name) {
  for (const base of [ROOT, path.join(ROOT, "node_modules")]) {
    const full = path.resolve(base, name);
    if (full.startsWith(base + path.sep) && fs.existsSync(full)) {
      return { contents: fs.readFileSync(full, "utf8") };
    }
  }
  return { error: `import not found: ${name}` };
}

function standardInput(name, content) {
  return {
    language: "Solidity",
    sources: { [name]: { content } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "prague",
      metadata: { bytecodeHash: "none" },
      outputSelection: {
        "*": {
          "*": [
            "abi",
            "evm.bytecode.object",
            "evm.bytecode.linkReferences",
            "evm.deployedBytecode.object",
            "evm.deployedBytecode.immutableReferences",
            "storageLayout",
          ],
        },
      },
    },
  };
}

// Compiles one source file; returns the contracts it defines, keyed by name.
function compileSource(file) {
  const name = sourceName(file);
  const input = standardInput(name, fs.readFileSync(file, "utf8"));
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

  const errors = (output.errors || []).filter((e) => e.severity === "error");
  for (const e of output.errors || []) {
    if (e.severity !== "error") process.stderr.write(`${e.formattedMessage || e.message}\n`);
  }
  if (errors.length > 0) {
    fail(`${name} does not compile:\n${errors.map((e) => e.formattedMessage || e.message).join("\n")}`);
  }

  const contracts = {};
  for (const [contractName, c] of Object.entries((output.contracts || {})[name] || {})) {
    // NB: interfaces and abstract contracts have no code: nothing to deploy,
    // and their ABI is part of whatever implements them.
    if (!c.evm.deployedBytecode.object) continue;
    if (Object.keys(c.evm.bytecode.linkReferences || {}).length > 0) {
      fail(`${name}:${contractName} needs library linking, which artifacts do not support`);
    }
    if (name.startsWith(PREDEPLOYS)) {
      // Genesis holds only the runtime code: a constructor would never run and
      // an immutable would stay a zero placeholder.
      if (c.abi.some((entry) => entry.type === "constructor")) {
        fail(`${name}:${contractName} is a predeploy and must not have a constructor`);
      }
      if (Object.keys(c.evm.deployedBytecode.immutableReferences || {}).length > 0) {
        fail(`${name}:${contractName} is a predeploy and must not have immutables`);
      }
    }
    contracts[contractName] = {
      contractName,
      sourceName: name,
      abi: c.abi,
      bytecode: "0x" + c.evm.bytecode.object,
      deployedBytecode: "0x" + c.evm.deployedBytecode.object,
      storageLayout: c.storageLayout,
    };
  }
  return contracts;
}

// Object keys sorted at every depth; arrays keep solc's order, which is stable
// (ABI entries sorted by solc, storage entries in slot order).
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sorted(value[key]);
    return out;
  }
  return value;
}

function render(artifact) {
  return JSON.stringify(sorted(artifact), null, 2) + "\n";
}

// Every artifact the sources produce, as file name -> file content.
function buildAll() {
  const files = sourceFiles(SRC).sort();
  if (files.length === 0) fail(`no sources under ${path.relative(process.cwd(), SRC) || "."}`);
  const out = new Map();
  const from = new Map();
  for (const file of files) {
    for (const [contractName, artifact] of Object.entries(compileSource(file))) {
      const fileName = `${contractName}.json`;
      if (out.has(fileName)) {
        fail(`contract ${contractName} is defined in both ${from.get(fileName)} and ${artifact.sourceName}`);
      }
      out.set(fileName, render(artifact));
      from.set(fileName, artifact.sourceName);
    }
  }
  return out;
}

function committed() {
  if (!fs.existsSync(ARTIFACTS)) return new Map();
  const out = new Map();
  for (const name of fs.readdirSync(ARTIFACTS).sort()) {
    if (name.endsWith(".json")) out.set(name, fs.readFileSync(path.join(ARTIFACTS, name), "utf8"));
  }
  return out;
}

function main(args) {
  for (const a of args) if (a !== "--check") fail(`unknown argument ${a} (usage: compile.js [--check])`);
  const check = args.includes("--check");

  const version = solc.version();
  if (!version.startsWith(SOLC_VERSION + "+")) {
    fail(`solc ${version} is installed, but artifacts are built with ${SOLC_VERSION}: run npm ci`);
  }

  const built = buildAll();
  const existing = committed();

  if (check) {
    const problems = [];
    for (const [name, content] of built) {
      if (!existing.has(name)) problems.push(`artifacts/${name}: missing`);
      else if (existing.get(name) !== content) problems.push(`artifacts/${name}: differs from the sources`);
    }
    for (const name of existing.keys()) {
      if (!built.has(name)) problems.push(`artifacts/${name}: no contract produces it`);
    }
    if (problems.length > 0) {
      fail(`artifacts are stale (run make contracts and commit the result):\n  ${problems.join("\n  ")}`);
    }
    process.stdout.write(`compile: ${built.size} artifacts match solc ${SOLC_VERSION}\n`);
    return;
  }

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const name of existing.keys()) {
    if (!built.has(name)) fs.unlinkSync(path.join(ARTIFACTS, name));
  }
  for (const [name, content] of built) {
    if (existing.get(name) !== content) fs.writeFileSync(path.join(ARTIFACTS, name), content);
  }
  process.stdout.write(`compile: wrote ${built.size} artifacts with solc ${SOLC_VERSION}\n`);
}

main(process.argv.slice(2));
