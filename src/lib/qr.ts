import QRCode from 'qrcode';

/**
 * Renders a QR code for `url` as an inline SVG string at build time, so pages carry it
 * without any script. Error correction M survives a slightly worn printout.
 */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#1a1a1a', light: '#ffffff' } });
  // The generator emits width/height-less SVG; give it an accessible role here, the caller labels it.
  return svg.replace('<svg ', '<svg role="img" focusable="false" ');
}

/** The absolute URL of a site path, from the configured site address. */
export function absoluteUrl(path: string, site: URL | undefined): string {
  if (!site) throw new Error('astro.config.mjs 缺少 site 配置，无法生成二维码地址');
  return new URL(path, site).href;
}
