// A stem's waveform, drawn from its peak buckets onto a canvas at the screen's pixel density.
import { useEffect, useRef } from 'react';

interface WaveformCanvasProps {
  peaks: Float32Array | undefined;
  /** Changes whenever the peaks grow, so the canvas redraws. */
  version: number;
  height: number;
  color: string;
}

export function WaveformCanvas({ peaks, version, height, color }: WaveformCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;

    const draw = (): void => {
      const ratio = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.floor(canvas.clientWidth * ratio));
      const pixelHeight = Math.max(1, Math.floor(height * ratio));
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
      const context = canvas.getContext('2d');
      if (!context) return;

      context.clearRect(0, 0, width, pixelHeight);
      if (!peaks) return;
      const middle = pixelHeight / 2;
      context.fillStyle = color;
      for (let x = 0; x < width; x++) {
        // Each pixel column shows the loudest bucket it covers.
        const first = Math.floor((x / width) * peaks.length);
        const last = Math.max(first + 1, Math.floor(((x + 1) / width) * peaks.length));
        let peak = 0;
        for (let bucket = first; bucket < last; bucket++) peak = Math.max(peak, peaks[bucket] ?? 0);
        const bar = Math.max(ratio, peak * middle);
        context.fillRect(x, middle - bar, 1, bar * 2);
      }
    };

    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [peaks, version, height, color]);

  return <canvas ref={canvasRef} className="waveform" style={{ height }} aria-hidden="true" />;
}
