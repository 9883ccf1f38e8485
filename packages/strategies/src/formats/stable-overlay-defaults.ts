/**
 * Overlay defaults shared by the *-stable formats. Kept equal to the overlay package defaults
 * unless a measured reason says otherwise; any change here must bump the formats' versions.
 */
export const STABLE_OVERLAY_DEFAULTS: Record<string, unknown> = {};
