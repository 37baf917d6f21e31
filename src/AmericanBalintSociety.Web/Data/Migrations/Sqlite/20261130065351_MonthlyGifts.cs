using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StripeInvoiceId",
                table: "Gifts",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GiftPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    Dedication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DedicationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StripeCheckoutSessionId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    StripeSubscriptionId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    StripeCustomerId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    SiteBase = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextPaymentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PaymentFailedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReconciledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GiftPlans_StripeCheckoutSessionId",
                table: "GiftPlans",
                column: "StripeCheckoutSessionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GiftPlans_StripeSubscriptionId",
                table: "GiftPlans",
                column: "StripeSubscriptionId",
                unique: true);

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
