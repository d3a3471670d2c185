// A song's cover image, or a neutral placeholder when there is none or it fails to load.
import { useState } from 'react';

interface CoverProps {
  url: string | null;
  size: number;
}

/**
 * True for URLs the page's Content-Security-Policy lets an <img> load: main's media protocol,
 * data and blob URLs, and the page's own origin. Provider URLs (https) are blocked by that policy.
 */
function isAllowedImage(url: string): boolean {
  if (/^(stemcrate-media|data|blob):/.test(url)) return true;
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

export function Cover({ url, size }: CoverProps) {
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size };
  if (!url || failed || !isAllowedImage(url)) return <div className="cover cover-placeholder" style={style} aria-hidden="true" />;
  return <img className="cover" src={url} alt="" style={style} loading="lazy" onError={() => setFailed(true)} />;
}
