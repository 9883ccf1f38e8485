export const PACKAGE_NAME = '@mml/market-data';
