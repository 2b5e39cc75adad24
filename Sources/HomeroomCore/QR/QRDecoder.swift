import CZBar
import Foundation

/// Reads QR codes in a grayscale picture with ZBar (Debian's `libzbar`): the badge page's camera
/// frames on browsers without `BarcodeDetector`. Blocking: call it on the `BlockingPool`.
public enum QRDecoder {
    /// The most pixels a frame may have (320 × 240, what the badge page sends).
    public static let maxPixels = 320 * 240

    /// The texts of the QR codes found in `pixels` (one byte per pixel, row by row, `width` ×
    /// `height`); empty when there are none or the frame has the wrong size. Nothing is kept.
    public static func decode(gray pixels: [UInt8], width: Int, height: Int) -> [String] {
        guard width > 0, height > 0, width * height <= maxPixels, pixels.count == width * height else { return [] }
        guard let scanner = zbar_image_scanner_create() else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        guard let image = zbar_image_create() else { return [] }
        defer { zbar_image_destroy(image) }
        // "Y800": 8-bit grayscale. ZBar reads the pixels in place; they outlive the scan.
        zbar_image_set_format(image, 0x3030_3859)
        zbar_image_set_size(image, UInt32(width), UInt32(height))
        return pixels.withUnsafeBufferPointer { buffer -> [String] in
            zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
            guard zbar_scan_image(scanner, image) > 0 else { return [] }
            var texts: [String] = []
            var symbol = zbar_image_first_symbol(image)
            while let current = symbol {
                if let data = zbar_symbol_get_data(current) { texts.append(String(cString: data)) }
                symbol = zbar_symbol_next(current)
            }
            return texts
        }
    }
}
