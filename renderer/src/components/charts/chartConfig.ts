// The Chart.js data and options of a series chart: the series as bars or a line, a dashed
// average over it, round steps on the value axis, labels in the value's unit, theme inks.
import type { ChartData, ChartOptions } from 'chart.js';
import { formatTick } from '../../format';
import type { Point } from './seriesStats';

export interface SeriesLook {
  kind: 'line' | 'bar';
  label: string;
  color: string;
  resolution: 'minute' | 'hour';
  averageLabel: string;
}

export function chartData(points: readonly Point[], average: number | null, look: SeriesLook, ink: string): ChartData<'line' | 'bar'> {
  const series = {
    type: look.kind,
    label: look.label,
    data: points.map((p) => p.value),
    borderColor: look.color,
    backgroundColor: look.kind === 'bar' ? look.color : `${look.color}33`,
    fill: look.kind === 'line',
    pointRadius: 0,
    tension: 0.2,
    order: 2,
  };
  const averageLine = {
    type: 'line' as const,
    label: look.averageLabel,
    data: points.map(() => average),
    borderColor: ink,
    borderDash: [4, 4],
    borderWidth: 1,
    pointRadius: 0,
    fill: false,
    order: 1,
  };
  return {
    labels: points.map((p) => formatTick(p.t, look.resolution)),
    datasets: average === null ? [series] : [series, averageLine],
  } as ChartData<'line' | 'bar'>;
}

export function chartOptions(scale: { step: number; max: number }, formatValue: (v: number) => string, ink: string, grid: string): ChartOptions<'line' | 'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { labels: { color: ink, boxHeight: 8 } },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatValue(Number(item.raw))}` } },
    },
    scales: {
      x: { ticks: { color: ink, maxTicksLimit: 8, autoSkip: true, maxRotation: 0 }, grid: { color: grid } },
      y: { min: 0, max: scale.max, ticks: { color: ink, stepSize: scale.step, callback: (v) => formatValue(Number(v)) }, grid: { color: grid } },
    },
  };
}
