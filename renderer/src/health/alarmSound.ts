// A short two-tone alarm through Web Audio (no file to load); only after the operator switched
// sounds on, which is also the user gesture browsers require before playing anything.
let context: AudioContext | null = null;

export function unlockSound(): void {
  context ??= new AudioContext();
  void context.resume();
}

export function playAlarm(level: 'degraded' | 'down'): void {
  if (!context) return;
  const tones = level === 'down' ? [880, 660, 880] : [660];
  tones.forEach((frequency, i) => {
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.08;
    oscillator.connect(gain).connect(context!.destination);
    const start = context!.currentTime + i * 0.25;
    oscillator.start(start);
    oscillator.stop(start + 0.2);
  });
}
