export const PACKAGE_NAME = '@mml/reports';
