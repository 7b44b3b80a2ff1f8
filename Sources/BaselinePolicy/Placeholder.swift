enum BaselinePolicyPlaceholder {}
