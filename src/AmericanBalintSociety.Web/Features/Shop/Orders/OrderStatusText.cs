namespace AmericanBalintSociety.Web.Features.Shop.Orders;

/// <summary>An order's state in words, for buyers and staff.</summary>
public static class OrderStatusText
{
    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.Pending => "Waiting for payment",
        OrderStatus.PaymentProcessing => "Payment processing",
        OrderStatus.OnHold => "On hold",
        OrderStatus.ToShip => "To ship",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.Completed => "Completed",
        OrderStatus.PartiallyRefunded => "Partly refunded",
        OrderStatus.Refunded => "Refunded",
        _ => "Cancelled",
    };
}
