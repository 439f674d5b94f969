import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseJsonInput } from './json-input';

/**
 * Where each district office is served when cities run their own districts service. Given as JSON
 * in DISTRICTS_INSTANCES (or a file named by DISTRICTS_INSTANCES_FILE), for example:
 *
 *   [{ "name": "marl", "url": "http://marl.example:4101/graphql", "districts": ["marl"] },
 *    { "name": "central", "url": "http://districts:4101/graphql", "districts": "*" }]
 *
 * `"*"` owns every district no other instance names; that instance also hosts the Fachbereich
 * unless another one says `"department": true`.
 */
const instanceSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    url: z.url(),
    districts: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
    department: z.boolean().optional(),
  })
  .strict();

const instancesSchema = z.array(instanceSchema).min(1);

export type DistrictInstance = z.infer<typeof instanceSchema>;

export interface DistrictRouting {
  instances: DistrictInstance[];
  /** The instance that owns a district id (the `*` instance for any district not named). */
  ownerOf(districtId: string): DistrictInstance;
  /** The instance that hosts the Fachbereich and answers questions about no district. */
  central: DistrictInstance;
}

export function parseDistrictRouting(
  json: string,
  origin = 'DISTRICTS_INSTANCES',
): DistrictRouting {
  const instances = parseJsonInput(
    instancesSchema,
    json,
    origin,
    'a valid list of district instances',
    '(list)',
  );
  const problems: string[] = [];
  const names = instances.map((instance) => instance.name);
  for (const name of new Set(names)) {
    if (names.filter((candidate) => candidate === name).length > 1)
      problems.push(`the name "${name}" is used twice`);
  }
  const owners = new Map<string, DistrictInstance>();
  for (const instance of instances) {
    if (instance.districts === '*') continue;
    for (const district of instance.districts) {
      const previous = owners.get(district);
      if (previous)
        problems.push(`"${district}" is owned by both "${previous.name}" and "${instance.name}"`);
      owners.set(district, instance);
    }
  }
  const rest = instances.filter((instance) => instance.districts === '*');
  if (rest.length !== 1)
    problems.push(
      `exactly one instance must own "*" (the districts no other names); found ${rest.length}`,
    );
  const departmentHosts = instances.filter((instance) => instance.department === true);
  if (departmentHosts.length > 1)
    problems.push('only one instance can host the Fachbereich ("department": true)');
  if (problems.length > 0) throw new Error(`${origin}: ${problems.join('; ')}`);
  const fallback = rest[0]!;
  return {
    instances,
    ownerOf: (districtId) => owners.get(districtId) ?? fallback,
    central: departmentHosts[0] ?? fallback,
  };
}

/** The routing from the environment, or null when one instance serves every district. */
export function districtRoutingFrom(config: {
  DISTRICTS_INSTANCES?: string;
  DISTRICTS_INSTANCES_FILE?: string;
}): DistrictRouting | null {
  if (config.DISTRICTS_INSTANCES) return parseDistrictRouting(config.DISTRICTS_INSTANCES);
  if (config.DISTRICTS_INSTANCES_FILE) {
    let text: string;
    try {
      text = readFileSync(config.DISTRICTS_INSTANCES_FILE, 'utf8');
    } catch (error) {
      throw new Error(`DISTRICTS_INSTANCES_FILE cannot be read: ${(error as Error).message}`);
    }
    return parseDistrictRouting(text, config.DISTRICTS_INSTANCES_FILE);
  }
  return null;
}
