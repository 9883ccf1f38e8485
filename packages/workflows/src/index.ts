export const PACKAGE_NAME = '@mml/workflows';
