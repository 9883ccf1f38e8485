export const PACKAGE_NAME = '@mml/backtest-engine';
