#!/usr/bin/env node
'use strict';
// Validates agent_ops/team.yaml against the repository: every owned path exists, entries under
// packages/ and apps/ are real projects (a directory with package.json), role ids are unique, no
// path has two owners, and every package and app has an owner. Exits 1 listing every problem.
// Usage: node tools/workboard/check-team.js [--root <repo>] [--team <file>]
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, resolve, relative, isAbsolute } = require('node:path');
const { parseYaml } = require('./read-yaml');

const PROJECT_DIRS = ['packages', 'apps'];

/** Parses team.yaml text into roles, checking its shape. Throws with the file name on a bad shape. */
function parseTeam(text, source) {
  const doc = parseYaml(text, source);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${source}: expected a mapping with the top-level key "roles"`);
  const keys = Object.keys(doc);
  if (keys.length !== 1 || keys[0] !== 'roles') throw new Error(`${source}: expected exactly one top-level key "roles", got ${JSON.stringify(keys)}`);
  if (!Array.isArray(doc.roles) || doc.roles.length === 0) throw new Error(`${source}: "roles" must be a non-empty list`);
  return doc.roles.map((role, i) => {
    const where = `${source}: roles[${i}]`;
    if (!role || typeof role !== 'object' || Array.isArray(role)) throw new Error(`${where} must be a mapping with id, title, owns`);
    for (const key of Object.keys(role)) {
      if (!['id', 'title', 'owns'].includes(key)) throw new Error(`${where}: unknown key "${key}" (known: id, title, owns)`);
    }
    if (typeof role.id !== 'string' || role.id === '') throw new Error(`${where}: "id" must be a non-empty string`);
    if (typeof role.title !== 'string' || role.title === '') throw new Error(`${where} (${role.id}): "title" must be a non-empty string`);
    if (!Array.isArray(role.owns) || role.owns.some((p) => typeof p !== 'string' || p === '')) {
      throw new Error(`${where} (${role.id}): "owns" must be a list of paths`);
    }
    return { id: role.id, title: role.title, owns: role.owns.map((p) => p.replace(/\/+$/, '')) };
  });
}

/** Projects (directories with package.json) under packages/ and apps/, as "packages/x" paths. */
function listProjects(root) {
  const projects = [];
  for (const dir of PROJECT_DIRS) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      if (existsSync(join(base, name, 'package.json'))) projects.push(`${dir}/${name}`);
    }
  }
  return projects;
}

/** Every problem with `roles` against the repository at `root` (empty when all is well). */
function teamProblems(roles, root) {
  const problems = [];
  const ids = new Map();
  const owners = new Map();
  for (const role of roles) {
    if (ids.has(role.id)) problems.push(`role id "${role.id}" is used twice`);
    ids.set(role.id, role);
    for (const path of role.owns) {
      if (isAbsolute(path) || path.split('/').includes('..') || relative(root, resolve(root, path)).startsWith('..')) {
        problems.push(`${role.id} owns "${path}", which is not a path inside the repository`);
        continue;
      }
      if (owners.has(path)) problems.push(`"${path}" has two owners: ${owners.get(path)} and ${role.id}`);
      owners.set(path, role.id);
      const full = join(root, path);
      const top = path.split('/')[0];
      if (PROJECT_DIRS.includes(top) && path.split('/').length === 2) {
        if (!existsSync(join(full, 'package.json'))) problems.push(`${role.id} owns "${path}", but there is no such ${top === 'apps' ? 'app' : 'package'} (no ${path}/package.json)`);
      } else if (!existsSync(full)) {
        problems.push(`${role.id} owns "${path}", which does not exist`);
      } else if (PROJECT_DIRS.includes(top) && path.split('/').length > 2) {
        problems.push(`${role.id} owns "${path}": ownership is per package or app, not per sub-directory`);
      }
    }
  }
  for (const project of listProjects(root)) {
    // Owning "packages" as a whole also owns every package in it.
    if (!owners.has(project) && !owners.has(project.split('/')[0])) problems.push(`${project} has no owner in team.yaml`);
  }
  return problems;
}

function main(argv) {
  const args = parseArgs(argv);
  const root = resolve(args.root ?? join(__dirname, '..', '..'));
  const teamPath = resolve(args.team ?? join(root, 'agent_ops', 'team.yaml'));
  let roles;
  try {
    roles = parseTeam(readFileSync(teamPath, 'utf8'), relative(process.cwd(), teamPath) || teamPath);
  } catch (error) {
    console.error(`check-team: ${error.message}`);
    return 1;
  }
  const problems = teamProblems(roles, root);
  if (problems.length > 0) {
    console.error(`check-team: ${teamPath} does not match the repository:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }
  const owned = roles.reduce((n, r) => n + r.owns.length, 0);
  console.log(`check-team: OK, ${roles.length} roles own ${owned} paths; all ${listProjects(root).length} packages and apps have an owner`);
  return 0;
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(root|team)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument "${argv[i]}" (known: --root, --team)`);
    out[match[1]] = match[2] ?? argv[++i];
    if (out[match[1]] === undefined) throw new Error(`--${match[1]} needs a value`);
  }
  return out;
}

module.exports = { parseTeam, teamProblems, listProjects };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`check-team: ${error.message}`);
    process.exitCode = 2;
  }
}
