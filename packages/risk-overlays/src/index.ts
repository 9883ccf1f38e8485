export const PACKAGE_NAME = '@mml/risk-overlays';
