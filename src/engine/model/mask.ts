/**
 * What a registered secret text is: a `value` (no piece of it may be printed either), or a
 * `container` of values (the whole `secrets` input, a whole document), whose other parts are
 * names and punctuation that messages rightly use ("STRIPE_SECRET_KEY_DEV is missing"): it is
 * redacted only as a whole, and the values in it are registered on their own.
 */
export type MaskKind = 'value' | 'container'

/** Registers a text that must never be printed (see MaskKind). */
export type Mask = (value: string, kind?: MaskKind) => void
