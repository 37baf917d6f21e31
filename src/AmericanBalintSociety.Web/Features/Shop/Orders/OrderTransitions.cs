using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

/// <summary>The allowed moves between order states. Late, repeated or out-of-order events ask for a move that is not here, and nothing happens.</summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Pending] = [OrderStatus.PaymentProcessing, OrderStatus.ToShip, OrderStatus.Completed, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.PaymentProcessing] = [OrderStatus.ToShip, OrderStatus.Completed, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.OnHold] = [OrderStatus.ToShip, OrderStatus.Completed, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.ToShip] = [OrderStatus.Shipped, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.Shipped] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.Completed] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.PartiallyRefunded] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded, OrderStatus.Shipped],
        [OrderStatus.Refunded] = [],
        // A payment that arrives for a cancelled order (it should not happen) is held for staff, never lost.
        [OrderStatus.Cancelled] = [OrderStatus.OnHold],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    /// <summary>States in which the buyer has paid (and may be refunded).</summary>
    public static bool IsPaid(OrderStatus status) =>
        status is OrderStatus.OnHold or OrderStatus.ToShip or OrderStatus.Shipped or OrderStatus.Completed or OrderStatus.PartiallyRefunded or OrderStatus.Refunded;

    /// <summary>States still waiting for Stripe to say how checkout ended.</summary>
    public static bool IsOpen(OrderStatus status) => status is OrderStatus.Pending or OrderStatus.PaymentProcessing;
}
