export const PACKAGE_NAME = '@mml/strategies';
