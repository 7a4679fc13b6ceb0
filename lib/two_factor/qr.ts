// @ts-types="@types/qrcode"
import QRCode from "qrcode";

/**
 * The QR code of an otpauth:// URI as an SVG string, made here (no request
 * leaves the server, the secret is never sent to a third party). Dark modules
 * on white with a quiet zone, whatever the page's theme, so cameras read it.
 */
export async function qrSvg(uri: string): Promise<string> {
  return await QRCode.toString(uri, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 4,
    color: { dark: "#000000", light: "#ffffff" },
  });
}
