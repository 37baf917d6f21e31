using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MonthlyGifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PlanId",
                table: "Gifts",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StripeInvoiceId",
                table: "Gifts",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GiftPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    Dedication = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    DedicationName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    StripeCheckoutSessionId = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    StripeSubscriptionId = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    StripeCustomerId = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    SiteBase = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    NextPaymentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PaymentFailedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ReconciledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GiftPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GiftPlans_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Gifts_PlanId",
                table: "Gifts",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_Gifts_StripeInvoiceId",
                table: "Gifts",
                column: "StripeInvoiceId",
                unique: true,
                filter: "[StripeInvoiceId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_GiftPlans_StripeCheckoutSessionId",
                table: "GiftPlans",
                column: "StripeCheckoutSessionId",
                unique: true,
                filter: "[StripeCheckoutSessionId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_GiftPlans_StripeSubscriptionId",
                table: "GiftPlans",
                column: "StripeSubscriptionId",
                unique: true,
                filter: "[StripeSubscriptionId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_GiftPlans_UserId_Status",
                table: "GiftPlans",
                columns: new[] { "UserId", "Status" });

            migrationBuilder.AddForeignKey(
                name: "FK_Gifts_GiftPlans_PlanId",
                table: "Gifts",
                column: "PlanId",
                principalTable: "GiftPlans",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Gifts_GiftPlans_PlanId",
                table: "Gifts");

            migrationBuilder.DropTable(
                name: "GiftPlans");

            migrationBuilder.DropIndex(
                name: "IX_Gifts_PlanId",
                table: "Gifts");

            migrationBuilder.DropIndex(
                name: "IX_Gifts_StripeInvoiceId",
                table: "Gifts");

            migrationBuilder.DropColumn(
                name: "PlanId",
                table: "Gifts");

            migrationBuilder.DropColumn(
                name: "StripeInvoiceId",
                table: "Gifts");
        }
    }
}
