// STS GetCallerIdentity over the awsQuery protocol: a form-encoded POST answered in XML.

import { createHash } from 'node:crypto'

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'

export interface Identity {
  arn: string
  accountId: string
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * The UserId STS reports: for an assumed role, the role's unique id and the session name
 * ("AROA…:GitHubActions"); for a user, the user's unique id. The ids are derived from the ARN.
 */
export function userId(arn: string): string {
  const id = createHash('sha256').update(arn).digest('hex').toUpperCase().slice(0, 17)
  const assumedRole = /:assumed-role\/[^/]+\/(.+)$/.exec(arn)
  return assumedRole?.[1] !== undefined ? `AROA${id}:${assumedRole[1]}` : `AIDA${id}`
}

export function callerIdentityXml(identity: Identity, requestId: string): string {
  return [
    `<GetCallerIdentityResponse xmlns="${NAMESPACE}">`,
    '  <GetCallerIdentityResult>',
    `    <Arn>${xmlEscape(identity.arn)}</Arn>`,
    `    <UserId>${xmlEscape(userId(identity.arn))}</UserId>`,
    `    <Account>${xmlEscape(identity.accountId)}</Account>`,
    '  </GetCallerIdentityResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${requestId}</RequestId>`,
    '  </ResponseMetadata>',
    '</GetCallerIdentityResponse>',
    ''
  ].join('\n')
}

export function queryErrorXml(
  code: string,
  message: string,
  requestId: string,
  type: 'Sender' | 'Receiver' = 'Sender'
): string {
  return [
    `<ErrorResponse xmlns="${NAMESPACE}">`,
    '  <Error>',
    `    <Type>${type}</Type>`,
    `    <Code>${xmlEscape(code)}</Code>`,
    `    <Message>${xmlEscape(message)}</Message>`,
    '  </Error>',
    `  <RequestId>${requestId}</RequestId>`,
    '</ErrorResponse>',
    ''
  ].join('\n')
}
