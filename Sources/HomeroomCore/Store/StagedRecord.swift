import Foundation

/// A roster row as `RosterSortedRuns` keeps it on disk: its student ID as a number, its line,
/// and its text fields (`fieldCount` of them, in the staging table's order: student ID, last,
/// first and middle names, birth date, grade, school, homeroom teacher, and the names without
/// their joiners) as UTF-8, each after its length (-1 for NULL). Read in place: the fields are
/// bytes of the reader's buffer, good until the next record is read.
struct StagedRecord {
    static let fieldCount = 9

    let number: Int
    let line: Int
    /// The encoded fields.
    let fields: UnsafeRawBufferPointer

    /// Calls `body` with each field's index and bytes (nil for NULL), in order.
    func forEachField(_ body: (Int32, UnsafeRawBufferPointer?) -> Void) {
        var at = 0
        for index in 0..<Int32(Self.fieldCount) {
            let length = Int(fields.loadUnaligned(fromByteOffset: at, as: Int32.self).littleEndian)
            at += 4
            if length < 0 {
                body(index, nil)
            } else {
                body(index, UnsafeRawBufferPointer(rebasing: fields[at..<at + length]))
                at += length
            }
        }
    }

    /// The student ID, the first field.
    var studentID: String {
        let length = Int(fields.loadUnaligned(as: Int32.self).littleEndian)
        return String(decoding: UnsafeRawBufferPointer(rebasing: fields[4..<4 + length]), as: UTF8.self)
    }

    /// Appends the record of `row` (student ID `number`, from `line`) to `bytes`: its length
    /// (of what follows it), the number, the line and the fields.
    static func append(_ row: RosterRow, number: Int, line: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        appendInteger(UInt32(0), to: &bytes)
        appendInteger(UInt32(number), to: &bytes)
        appendInteger(Int64(line), to: &bytes)
        appendField(row.studentID, to: &bytes)
        appendField(row.lastName, to: &bytes)
        appendField(row.firstName, to: &bytes)
        appendField(row.middleName, to: &bytes)
        appendField(row.birthDate, to: &bytes)
        appendField(row.grade, to: &bytes)
        appendField(row.school, to: &bytes)
        appendField(row.homeroomTeacher, to: &bytes)
        appendField(StudentSearchIndex.joinedNames(row.lastName + " " + row.firstName + " " + row.middleName), to: &bytes)
        withUnsafeBytes(of: UInt32(bytes.count - start - 4).littleEndian) { length in
            bytes.replaceSubrange(start..<start + 4, with: length)
        }
    }

    private static func appendField(_ text: String?, to bytes: inout [UInt8]) {
        guard var text else { return appendInteger(Int32(-1), to: &bytes) }
        text.withUTF8 { utf8 in
            appendInteger(Int32(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    private static func appendInteger<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

extension StagedRecord {
    /// The record whose bytes (after its length) are `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.init(number: Int(bytes.loadUnaligned(as: UInt32.self).littleEndian),
                  line: Int(bytes.loadUnaligned(fromByteOffset: 4, as: Int64.self).littleEndian),
                  fields: UnsafeRawBufferPointer(rebasing: bytes[12...]))
    }
}
