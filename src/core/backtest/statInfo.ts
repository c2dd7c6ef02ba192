import type { BacktestStats } from './types';

export type StatUnit = 'pct' | 'money' | 'ratio' | 'count' | 'duration' | 'time';

/** One figure of the statistics table: backtesting.py's own label, and what it means for a learner. */
export interface StatInfo {
  key: keyof BacktestStats;
  label: string;
  unit: StatUnit;
  explain: string;
}

/** The table in backtesting.py's order, with its labels (people compare them with its output). */
export const STAT_INFO: readonly StatInfo[] = [
  { key: 'start', label: 'Start', unit: 'time', explain: 'The first bar of the data the test ran over.' },
  { key: 'end', label: 'End', unit: 'time', explain: 'The last bar of the data.' },
  { key: 'durationMs', label: 'Duration', unit: 'duration', explain: 'How much calendar time the test covers.' },
  { key: 'exposurePct', label: 'Exposure Time [%]', unit: 'pct', explain: 'The share of bars with a position open. Money not in the market earns nothing here, but risks nothing either.' },
  { key: 'equityFinal', label: 'Equity Final [$]', unit: 'money', explain: 'Cash plus the value of what is held, at the end.' },
  { key: 'equityPeak', label: 'Equity Peak [$]', unit: 'money', explain: 'The most the account was ever worth during the test.' },
  { key: 'commissions', label: 'Commissions [$]', unit: 'money', explain: 'Everything paid to the broker, entries and exits.' },
  { key: 'returnPct', label: 'Return [%]', unit: 'pct', explain: 'How much the account grew from start to end.' },
  { key: 'buyHoldReturnPct', label: 'Buy & Hold Return [%]', unit: 'pct', explain: 'What simply buying at the first tradable bar and holding to the end would have made. A strategy that cannot beat it is a lot of work for nothing.' },
  { key: 'returnAnnPct', label: 'Return (Ann.) [%]', unit: 'pct', explain: 'The return per year, compounded, from the daily (or weekly, monthly) changes in equity.' },
  { key: 'volatilityAnnPct', label: 'Volatility (Ann.) [%]', unit: 'pct', explain: 'How much the yearly return swings: the risk taken. Higher means a bumpier ride.' },
  { key: 'cagrPct', label: 'CAGR [%]', unit: 'pct', explain: 'Compound annual growth rate: the steady yearly rate that turns the starting cash into the final equity over the calendar time.' },
  { key: 'sharpe', label: 'Sharpe Ratio', unit: 'ratio', explain: 'Return per unit of risk (annual return over volatility). Above 1 is good; below 0.5, the return barely pays for the swings.' },
  { key: 'sortino', label: 'Sortino Ratio', unit: 'ratio', explain: 'Like Sharpe, but counting only the downward swings as risk.' },
  { key: 'calmar', label: 'Calmar Ratio', unit: 'ratio', explain: 'Annual return over the worst drawdown: how much you earn for the deepest fall you must sit through.' },
  { key: 'alphaPct', label: 'Alpha [%]', unit: 'pct', explain: 'The return not explained by simply following the market (after beta).' },
  { key: 'beta', label: 'Beta', unit: 'ratio', explain: 'How much the equity moves with the market: 1 moves like it, 0 ignores it, below 0 moves against it.' },
  { key: 'maxDrawdownPct', label: 'Max. Drawdown [%]', unit: 'pct', explain: 'The deepest fall from a peak of equity to a later low. The pain you would have had to live through.' },
  { key: 'avgDrawdownPct', label: 'Avg. Drawdown [%]', unit: 'pct', explain: 'The depth of a typical fall from a peak.' },
  { key: 'maxDrawdownDurationMs', label: 'Max. Drawdown Duration', unit: 'duration', explain: 'The longest time spent below a previous peak before getting back to it.' },
  { key: 'avgDrawdownDurationMs', label: 'Avg. Drawdown Duration', unit: 'duration', explain: 'How long a typical fall lasted until equity recovered.' },
  { key: 'trades', label: '# Trades', unit: 'count', explain: 'Positions opened and closed. Few trades make every other figure less trustworthy.' },
  { key: 'winRatePct', label: 'Win Rate [%]', unit: 'pct', explain: 'The share of trades that made money. A low win rate can still pay if the wins are large.' },
  { key: 'bestTradePct', label: 'Best Trade [%]', unit: 'pct', explain: 'The best single trade, as a return on what it put in.' },
  { key: 'worstTradePct', label: 'Worst Trade [%]', unit: 'pct', explain: 'The worst single trade.' },
  { key: 'avgTradePct', label: 'Avg. Trade [%]', unit: 'pct', explain: 'The typical trade\'s return, compounded (a geometric mean).' },
  { key: 'maxTradeDurationMs', label: 'Max. Trade Duration', unit: 'duration', explain: 'The longest time a trade stayed open.' },
  { key: 'avgTradeDurationMs', label: 'Avg. Trade Duration', unit: 'duration', explain: 'How long a trade typically stayed open.' },
  { key: 'profitFactor', label: 'Profit Factor', unit: 'ratio', explain: 'The winning trades\' returns over the losing trades\' returns. Above 1 makes money; above 2 is strong.' },
  { key: 'expectancyPct', label: 'Expectancy [%]', unit: 'pct', explain: 'What a trade returns on average (a plain mean).' },
  { key: 'sqn', label: 'SQN', unit: 'ratio', explain: 'System Quality Number: the average trade over the spread of trades, times the square root of their number. Around 2 is decent, above 3 very good.' },
  { key: 'kelly', label: 'Kelly Criterion', unit: 'ratio', explain: 'The share of the money the Kelly formula would stake per trade given this win rate and payoff. Negative: the edge is not there.' },
];
