import Testing
@testable import ZoneCore
@Test func smoke() { #expect(IPAddress("10.0.0.1") != nil) }
