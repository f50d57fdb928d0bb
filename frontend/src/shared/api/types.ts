// Pull request and response bodies out of openapi-typescript operations by path, so the
// api files do not depend on how the backend names its schemas.

type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : never

/** JSON body of an operation's 200 (or 201 Created, or 202 Accepted) response. */
export type OkJson<Op> = Op extends { responses: { 200: infer R } }
  ? JsonContent<R>
  : Op extends { responses: { 201: infer R } }
    ? JsonContent<R>
    : Op extends { responses: { 202: infer R } }
      ? JsonContent<R>
      : never

/** JSON request body of an operation. */
export type BodyJson<Op> = Op extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never
