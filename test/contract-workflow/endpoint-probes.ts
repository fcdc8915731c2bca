/** An operation of the gateway's OpenAPI document. */
export interface ApiOperation {
  method: string;
  /** As documented, e.g. `/api/contracts/{contractId}/audit`. */
  path: string;
  /** Properties the JSON body must carry. */
  requiredBody: string[];
  hasBody: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { required?: string[] } }> } }>>;
}

/** Every operation of the OpenAPI document whose path matches `covered`. */
export async function documentedOperations(baseUrl: string, covered: RegExp): Promise<ApiOperation[]> {
  const response = await fetch(`${baseUrl}/api/docs/openapi.json`);
  const document = (await response.json()) as OpenApiDocument;
  return Object.entries(document.paths)
    .filter(([path]) => covered.test(path))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          requiredBody: schema?.required ?? [],
          hasBody: Boolean(operation.requestBody),
        };
      }),
    );
}

export const pathParameters = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

/** The path with each `{name}` replaced by `values[name]`; throws naming a parameter nobody gave a value for. */
export function fillPath(path: string, values: Record<string, string | undefined>): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = values[name];
    if (!value) {
      throw new Error(`${path}: no object of the other company for {${name}} — add one to the probes`);
    }
    return encodeURIComponent(value);
  });
}

/** A body carrying every required property from `samples`; throws naming a property nobody gave a sample for. */
export function sampleBody(operation: ApiOperation, samples: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!operation.hasBody) {
    return undefined;
  }
  const missing = operation.requiredBody.filter((name) => !(name in samples));
  if (missing.length > 0) {
    throw new Error(`${operation.method} ${operation.path}: no sample value for ${missing.join(', ')} — add one to the probes`);
  }
  return { ...samples };
}
