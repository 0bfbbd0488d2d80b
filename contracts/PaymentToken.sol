// SPDX-License-Identifier: MIT
pragma solidity ^0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title PaymentToken
/// @notice The ERC-20 (18 decimals) that Sahel's marketplace is priced in. New tokens can be minted only by
/// holders of FAUCET_ROLE, and only when the token was deployed as mintable (the embedded devnet).
contract PaymentToken is ERC20, AccessControl {
    /// @notice Role allowed to mint on a mintable (devnet) deployment.
    bytes32 public constant FAUCET_ROLE = keccak256("FAUCET_ROLE");

    /// @notice True only on devnet deployments; fixed at construction.
    bool public immutable mintable;

    /// @notice Minting was attempted on a deployment that is not mintable.
    error MintingDisabled();

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param mintable_ Whether the faucet may mint (devnet only).
    /// @param admin Receives DEFAULT_ADMIN_ROLE and FAUCET_ROLE.
    /// @param initialSupply Minted to `admin` at construction (the supply of a non-mintable deployment).
    constructor(string memory name_, string memory symbol_, bool mintable_, address admin, uint256 initialSupply)
        ERC20(name_, symbol_)
    {
        mintable = mintable_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(FAUCET_ROLE, admin);
        if (initialSupply > 0) _mint(admin, initialSupply);
    }

    /// @notice Mints `amount` to `to`. Faucet role only, and only on a mintable deployment.
    /// @param to Recipient.
    /// @param amount Amount in the smallest unit.
    function mint(address to, uint256 amount) external onlyRole(FAUCET_ROLE) {
        if (!mintable) revert MintingDisabled();
        _mint(to, amount);
    }
}
