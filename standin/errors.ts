// Errors the stand-in answers with. Codes and messages are the ones AWS Secrets Manager returns,
// taken from the API reference and from responses recorded against AWS (see operations.ts).

/** An error that becomes an AWS error response: HTTP status, `__type` code and message. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
    this.name = code
  }
}

export const SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret."
export const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion."

export const notFound = (): ServiceError =>
  new ServiceError('ResourceNotFoundException', SECRET_NOT_FOUND)

export const markedForDeletion = (): ServiceError =>
  new ServiceError('InvalidRequestException', MARKED_FOR_DELETION)

export const invalidParameter = (message: string): ServiceError =>
  new ServiceError('InvalidParameterException', message)

export const invalidRequest = (message: string): ServiceError =>
  new ServiceError('InvalidRequestException', message)

export const validation = (message: string): ServiceError =>
  new ServiceError('ValidationException', message)

export const serialization = (message: string): ServiceError =>
  new ServiceError('SerializationException', message)
