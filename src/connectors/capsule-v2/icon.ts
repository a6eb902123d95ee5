const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#2f6fd6"/>' +
  '<path d="M20 20h24a6 6 0 0 1 6 6v12a6 6 0 0 1-6 6H20a6 6 0 0 1-6-6V26a6 6 0 0 1 6-6z" fill="#fff"/>' +
  '<circle cx="32" cy="32" r="6" fill="#2f6fd6"/></svg>';

/** Capsule's catalog icon as a `data:` URI (Cyclr's `Connector.Icon`). */
export const CAPSULE_ICON = `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`;
