// Validates Kubernetes objects (a JSON array on stdin) against the API schemas, offline, with the
// kubernetes-models validators (ESM only, hence a separate process from Jest). Prints one
// {kind, name, error} per object on stdout as JSON; error is null when the object is valid.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const module =
    group === 'keda.sh' ? `@kubernetes-models/keda/keda.sh/${version}` : `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  let error = null;
  try {
    const models = await import(module);
    const Model = models[object.kind];
    if (!Model) {
      throw new Error(`no model for ${object.apiVersion} ${object.kind}`);
    }
    new Model(object).validate();
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  results.push({ kind: object.kind, name: object.metadata?.name, error });
}
process.stdout.write(JSON.stringify(results));
