import Foundation
import PostgresNIO

extension PostgresRow {
    /// The row as a record whose coding keys are its column names (the same `Codable` records
    /// GRDB reads on SQLite): dates from milliseconds, booleans from 0/1, and any other nested
    /// `Decodable` from the JSON text of its column, as GRDB stores them.
    func record<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: PostgresRecordDecoder(row: makeRandomAccess()))
    }
}

/// Decodes one row's columns by name (`PostgresRow.record`). Only keyed records: a record is a row.
struct PostgresRecordDecoder: Decoder {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row is a keyed record"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row is a keyed record"))
    }

    struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: PostgresRandomAccessRow
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool {
            !row.contains(key.stringValue) || row[key.stringValue].bytes == nil
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let cell = row[key.stringValue]
            switch type {
            case is String.Type: return try cell.decode(String.self) as! T
            case is Int.Type: return try cell.decode(Int.self) as! T
            case is Int64.Type: return try cell.decode(Int64.self) as! T
            case is Double.Type: return try cell.decode(Double.self) as! T
            case is Bool.Type: return try (cell.decode(Int.self) != 0) as! T
            case is Date.Type: return Date(millis: try cell.decode(Int64.self)) as! T
            case is Data.Type: return Data(buffer: try cell.decode(ByteBuffer.self)) as! T
            default:
                // An enum is its raw value's text; a nested record is JSON text.
                let text = try cell.decode(String.self)
                if let value = try? JSONDecoder().decode(T.self, from: JSONEncoder().encode(text)) { return value }
                return try JSONDecoder().decode(T.self, from: Data(text.utf8))
            }
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: codingPath + [key], debugDescription: "columns do not nest"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath + [key], debugDescription: "columns do not nest"))
        }

        func superDecoder() throws -> any Decoder { PostgresRecordDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { PostgresRecordDecoder(row: row) }
    }
}

