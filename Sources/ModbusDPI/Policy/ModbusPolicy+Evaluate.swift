extension ModbusPolicy {
    /// Decides a request from `source` to `destination` for `unit`.
    ///
    /// A request is allowed when one rule matches every step. Otherwise the verdict names the rule that
    /// matched the most steps (after source and destination), with the first step it failed as the cause.
    public func evaluate(_ request: ModbusRequest, unit: UInt8, source: IPPrefix, destination: IPPrefix) -> ModbusVerdict {
        // Rules are read in place through the index: copying a rule per request costs a retain and a release
        // per field.
        var closest: Int?
        var closestDepth = 0
        var closestCause = ModbusDenyCause.path
        for index in rules.indices {
            guard Self.matches(rules[index].sources, source), Self.matches(rules[index].destinations, destination)
            else { continue }
            let (depth, cause) = rules[index].check(request, unit: unit)
            guard let cause else { return .allow(rules[index], mode: mode) }
            if closest == nil || depth > closestDepth {
                closest = index
                closestDepth = depth
                closestCause = cause
            }
        }
        guard let closest else {
            return .deny(Self.defaultRuleID, cause: .path, action: defaultAction, mode: mode)
        }
        return .deny(rules[closest].id, cause: closestCause, action: rules[closest].action,
                     mode: rules[closest].mode ?? mode)
    }

    /// The verdict for a request that failed validation.
    public func malformed(_ error: ModbusError) -> ModbusVerdict {
        .deny(Self.malformedRuleID, cause: .malformed, action: defaultAction, mode: mode, exception: error.exceptionCode)
    }

    private static func matches(_ prefixes: [IPPrefix], _ host: IPPrefix) -> Bool {
        prefixes.isEmpty || prefixes.contains { $0.contains(host) }
    }
}

extension ModbusRule {
    /// How far the request gets through this rule, and the step that stopped it (`nil` when allowed).
    func check(_ request: ModbusRequest, unit: UInt8) -> (Int, ModbusDenyCause?) {
        if let units, !units.contains(where: { $0.contains(unit) }) { return (0, .unit) }
        var best: (Int, ModbusDenyCause) = (1, .function)
        for index in functions.indices where functions[index].admits(request) {
            if let cause = functions[index].limitCause(request) {
                let depth = cause == .address ? 2 : 3
                if depth > best.0 { best = (depth, cause) }
            } else {
                return (4, nil)
            }
        }
        return best
    }
}

extension ModbusFunctionRule {
    /// Function code, FC 8 sub-function and FC 43 MEI type match.
    func admits(_ request: ModbusRequest) -> Bool {
        guard code == request.functionCode else { return false }
        if let subfunctions, let sub = request.subfunction, !subfunctions.contains(sub) { return false }
        if let meiTypes, let mei = request.meiType, !meiTypes.contains(mei) { return false }
        return true
    }

    /// The address or value step the request fails, if any.
    func limitCause(_ request: ModbusRequest) -> ModbusDenyCause? {
        if let addresses, !Self.covers(addresses, request.read) || !Self.covers(addresses, request.written) {
            return .address
        }
        if let values, request.written != nil {
            guard let written = request.values else { return .value }
            if written.contains(where: { value in !values.contains { $0.contains(Int(value)) } }) { return .value }
        }
        return nil
    }

    /// Whether one range holds the whole span; checked per span rather than over ``ModbusRequest/spans``,
    /// which builds an array.
    private static func covers(_ ranges: [ClosedRange<Int>], _ span: ModbusSpan?) -> Bool {
        guard let span else { return true }
        return ranges.contains { $0.contains(Int(span.start)) && $0.contains(span.last) }
    }
}
