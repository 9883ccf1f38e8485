export const PACKAGE_NAME = '@mml/models';
